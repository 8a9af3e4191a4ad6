.b/engine/batch_sched.o: engine/batch_sched.c engine/batch_int.h
engine/batch_int.h:
