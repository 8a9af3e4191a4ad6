.b/engine/inventory.o: engine/inventory.c engine/inventory_int.h \
 engine/engine.h engine/../config/config.h
engine/inventory_int.h:
engine/engine.h:
engine/../config/config.h:
