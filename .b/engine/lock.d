.b/engine/lock.o: engine/lock.c engine/journal_int.h engine/engine.h \
 engine/../config/config.h
engine/journal_int.h:
engine/engine.h:
engine/../config/config.h:
