.b/engine/inventory_pool.o: engine/inventory_pool.c \
 engine/inventory_int.h engine/engine.h engine/../config/config.h \
 engine/xmlget.h
engine/inventory_int.h:
engine/engine.h:
engine/../config/config.h:
engine/xmlget.h:
