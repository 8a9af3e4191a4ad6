.b/engine/findings.o: engine/findings.c engine/engine.h \
 engine/../config/config.h
engine/engine.h:
engine/../config/config.h:
