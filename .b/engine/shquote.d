.b/engine/shquote.o: engine/shquote.c engine/engine.h \
 engine/../config/config.h
engine/engine.h:
engine/../config/config.h:
