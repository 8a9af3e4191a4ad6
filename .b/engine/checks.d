.b/engine/checks.o: engine/checks.c engine/checks_int.h engine/engine.h \
 engine/../config/config.h
engine/checks_int.h:
engine/engine.h:
engine/../config/config.h:
