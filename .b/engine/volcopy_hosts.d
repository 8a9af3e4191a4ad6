.b/engine/volcopy_hosts.o: engine/volcopy_hosts.c engine/migration_int.h \
 engine/engine.h engine/../config/config.h
engine/migration_int.h:
engine/engine.h:
engine/../config/config.h:
