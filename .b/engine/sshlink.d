.b/engine/sshlink.o: engine/sshlink.c engine/engine.h \
 engine/../config/config.h
engine/engine.h:
engine/../config/config.h:
