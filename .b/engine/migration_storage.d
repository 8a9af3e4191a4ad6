.b/engine/migration_storage.o: engine/migration_storage.c \
 engine/migration_int.h engine/engine.h engine/../config/config.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
