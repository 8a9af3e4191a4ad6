.b/engine/xmlget.o: engine/xmlget.c engine/xmlget.h
engine/xmlget.h:
