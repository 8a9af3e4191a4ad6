.b/src/cli_replay.o: src/cli_replay.c src/cli.h src/../config/config.h \
 src/../engine/engine.h src/../engine/../config/config.h \
 src/../config/answers.h src/../config/../engine/engine.h
src/cli.h:
src/../config/config.h:
src/../engine/engine.h:
src/../engine/../config/config.h:
src/../config/answers.h:
src/../config/../engine/engine.h:
