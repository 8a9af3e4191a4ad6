.b/src/main.o: src/main.c src/cli.h src/../config/config.h \
 src/../engine/engine.h src/../engine/../config/config.h
src/cli.h:
src/../config/config.h:
src/../engine/engine.h:
src/../engine/../config/config.h:
