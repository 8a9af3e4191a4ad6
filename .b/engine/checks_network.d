.b/engine/checks_network.o: engine/checks_network.c engine/checks_int.h \
 engine/engine.h engine/../config/config.h
engine/checks_int.h:
engine/engine.h:
engine/../config/config.h:
