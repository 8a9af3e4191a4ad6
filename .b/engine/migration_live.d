.b/engine/migration_live.o: engine/migration_live.c \
 engine/migration_int.h engine/engine.h engine/../config/config.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
