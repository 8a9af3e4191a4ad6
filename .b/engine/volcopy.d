.b/engine/volcopy.o: engine/volcopy.c engine/migration_int.h \
 engine/engine.h engine/../config/config.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
