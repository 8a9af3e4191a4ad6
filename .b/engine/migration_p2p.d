.b/engine/migration_p2p.o: engine/migration_p2p.c engine/migration_int.h \
 engine/engine.h engine/../config/config.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
