.b/engine/checks_hv.o: engine/checks_hv.c engine/checks_int.h \
 engine/engine.h engine/../config/config.h
engine/checks_int.h:
engine/engine.h:
engine/../config/config.h:
