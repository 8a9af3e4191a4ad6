.b/src/cli_recover.o: src/cli_recover.c src/cli.h src/../config/config.h \
 src/../engine/engine.h src/../engine/../config/config.h
src/cli.h:
src/../config/config.h:
src/../engine/engine.h:
src/../engine/../config/config.h:
