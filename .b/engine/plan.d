.b/engine/plan.o: engine/plan.c engine/engine.h engine/../config/config.h
engine/engine.h:
engine/../config/config.h:
