.b/engine/recover.o: engine/recover.c engine/migration_int.h \
 engine/engine.h engine/../config/config.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
