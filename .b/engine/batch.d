.b/engine/batch.o: engine/batch.c engine/engine.h \
 engine/../config/config.h engine/batch_int.h
engine/engine.h:
engine/../config/config.h:
engine/batch_int.h:
