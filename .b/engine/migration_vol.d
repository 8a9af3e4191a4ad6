.b/engine/migration_vol.o: engine/migration_vol.c engine/migration_int.h \
 engine/engine.h engine/../config/config.h engine/journal_int.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
engine/journal_int.h:
