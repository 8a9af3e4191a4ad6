.b/engine/probe_link.o: engine/probe_link.c engine/inventory_int.h \
 engine/engine.h engine/../config/config.h
engine/inventory_int.h:
engine/engine.h:
engine/../config/config.h:
