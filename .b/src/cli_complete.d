.b/src/cli_complete.o: src/cli_complete.c src/cli.h \
 src/../config/config.h src/../engine/engine.h \
 src/../engine/../config/config.h
src/cli.h:
src/../config/config.h:
src/../engine/engine.h:
src/../engine/../config/config.h:
