.b/engine/migration_suspended.o: engine/migration_suspended.c \
 engine/migration_int.h engine/engine.h engine/../config/config.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
