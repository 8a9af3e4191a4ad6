.b/engine/migration.o: engine/migration.c engine/migration_int.h \
 engine/engine.h engine/../config/config.h engine/journal_int.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
engine/journal_int.h:
