.b/engine/inventory_host.o: engine/inventory_host.c \
 engine/inventory_int.h engine/engine.h engine/../config/config.h \
 engine/xmlget.h
engine/inventory_int.h:
engine/engine.h:
engine/../config/config.h:
engine/xmlget.h:
