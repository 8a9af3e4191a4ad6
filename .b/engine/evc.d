.b/engine/evc.o: engine/evc.c engine/engine.h engine/../config/config.h \
 engine/checks_int.h
engine/engine.h:
engine/../config/config.h:
engine/checks_int.h:
