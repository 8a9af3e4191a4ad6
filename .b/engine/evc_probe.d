.b/engine/evc_probe.o: engine/evc_probe.c engine/inventory_int.h \
 engine/engine.h engine/../config/config.h engine/xmlget.h
engine/inventory_int.h:
engine/engine.h:
engine/../config/config.h:
engine/xmlget.h:
