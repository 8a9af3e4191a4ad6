.b/engine/migration_settle.o: engine/migration_settle.c \
 engine/migration_int.h engine/engine.h engine/../config/config.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
