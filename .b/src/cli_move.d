.b/src/cli_move.o: src/cli_move.c src/cli_plan.h src/cli.h \
 src/../config/config.h src/../engine/engine.h \
 src/../engine/../config/config.h src/../config/answers.h \
 src/../config/../engine/engine.h
src/cli_plan.h:
src/cli.h:
src/../config/config.h:
src/../engine/engine.h:
src/../engine/../config/config.h:
src/../config/answers.h:
src/../config/../engine/engine.h:
