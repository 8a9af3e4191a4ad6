.b/engine/checks_state.o: engine/checks_state.c engine/checks_int.h \
 engine/engine.h engine/../config/config.h
engine/checks_int.h:
engine/engine.h:
engine/../config/config.h:
