.b/src/cli_out.o: src/cli_out.c src/cli.h src/../config/config.h \
 src/../engine/engine.h src/../engine/../config/config.h
src/cli.h:
src/../config/config.h:
src/../engine/engine.h:
src/../engine/../config/config.h:
