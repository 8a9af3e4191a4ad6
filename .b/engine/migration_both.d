.b/engine/migration_both.o: engine/migration_both.c \
 engine/migration_int.h engine/engine.h engine/../config/config.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
