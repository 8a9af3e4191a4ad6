.b/config/answers.o: config/answers.c config/answers.h \
 config/../engine/engine.h config/../engine/../config/config.h
config/answers.h:
config/../engine/engine.h:
config/../engine/../config/config.h:
