.b/engine/inventory_uri.o: engine/inventory_uri.c engine/inventory_int.h \
 engine/engine.h engine/../config/config.h
engine/inventory_int.h:
engine/engine.h:
engine/../config/config.h:
