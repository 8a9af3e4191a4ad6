.b/src/cli_check.o: src/cli_check.c src/cli_plan.h src/cli.h \
 src/../config/config.h src/../engine/engine.h \
 src/../engine/../config/config.h
src/cli_plan.h:
src/cli.h:
src/../config/config.h:
src/../engine/engine.h:
src/../engine/../config/config.h:
