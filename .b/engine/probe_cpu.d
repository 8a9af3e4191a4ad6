.b/engine/probe_cpu.o: engine/probe_cpu.c engine/inventory_int.h \
 engine/engine.h engine/../config/config.h engine/xmlget.h
engine/inventory_int.h:
engine/engine.h:
engine/../config/config.h:
engine/xmlget.h:
