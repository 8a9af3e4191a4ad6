.b/engine/checks_storage.o: engine/checks_storage.c engine/checks_int.h \
 engine/engine.h engine/../config/config.h
engine/checks_int.h:
engine/engine.h:
engine/../config/config.h:
