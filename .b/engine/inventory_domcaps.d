.b/engine/inventory_domcaps.o: engine/inventory_domcaps.c \
 engine/inventory_int.h engine/engine.h engine/../config/config.h \
 engine/xmlget.h
engine/inventory_int.h:
engine/engine.h:
engine/../config/config.h:
engine/xmlget.h:
