.b/engine/inventory_vm.o: engine/inventory_vm.c engine/inventory_int.h \
 engine/engine.h engine/../config/config.h engine/xmlget.h
engine/inventory_int.h:
engine/engine.h:
engine/../config/config.h:
engine/xmlget.h:
