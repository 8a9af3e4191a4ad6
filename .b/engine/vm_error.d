.b/engine/vm_error.o: engine/vm_error.c engine/engine.h \
 engine/../config/config.h
engine/engine.h:
engine/../config/config.h:
