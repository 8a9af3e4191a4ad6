.b/engine/engine.o: engine/engine.c engine/engine.h \
 engine/../config/config.h
engine/engine.h:
engine/../config/config.h:
