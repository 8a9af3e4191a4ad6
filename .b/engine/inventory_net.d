.b/engine/inventory_net.o: engine/inventory_net.c engine/inventory_int.h \
 engine/engine.h engine/../config/config.h engine/xmlget.h
engine/inventory_int.h:
engine/engine.h:
engine/../config/config.h:
engine/xmlget.h:
