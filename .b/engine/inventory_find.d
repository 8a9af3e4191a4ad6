.b/engine/inventory_find.o: engine/inventory_find.c engine/engine.h \
 engine/../config/config.h
engine/engine.h:
engine/../config/config.h:
