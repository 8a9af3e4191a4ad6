.b/engine/checks_limits.o: engine/checks_limits.c engine/checks_int.h \
 engine/engine.h engine/../config/config.h
engine/checks_int.h:
engine/engine.h:
engine/../config/config.h:
