/* tests/unit/test_evacuate_forecast.c — suite "evacuate_forecast": the
 * forecast of each move of an evacuation plan (engine/evacuate_forecast.c)
 * on checkfix's world, whose hosts have no libvirt connection nor SSH: a
 * live move's dirty rate is unknown with the reason, its link's figure the
 * operator's link_gbps (10 Gbit/s); a cold move and a VM that stays get
 * none, with the reason. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "checkfix.h"
#include "../../engine/evacuate_forecast.h"
#include "../../engine/forecast.h"

static void move(struct evacuate_move *m, struct fx *f, const char *vm, const char *target)
{
	memset(m, 0, sizeof *m);
	m->vm = fx_vm(f, vm);
	m->live = plan_is_live(m->vm);
	m->plan.kind = PLAN_KIND_COMPUTE;
	if (target) {
		m->plan.vm = strdup(vm);
		m->plan.target = strdup(target);
	}
}

static void test_each_move(void)
{
	struct fx *f = fx_new();
	struct evacuate_move moves[3];
	struct evacuate_plan ep = { .host = "a", .moves = moves, .nmoves = 3, .placed = 2 };
	struct forecast out[3];

	fx_add_vm(f, "a", "cold1")->state = INV_VM_SHUTOFF;
	fx_add_vm(f, "a", "stays1");
	move(&moves[0], f, "vm1", "b");
	move(&moves[1], f, "cold1", "c");
	move(&moves[2], f, "stays1", NULL);
	evacuate_forecast(&f->inv, &f->cfg, &ep, out);

	CU_ASSERT_EQUAL(out[0].verdict, FORECAST_UNKNOWN);
	CU_ASSERT_PTR_NOT_NULL(strstr(out[0].reason, "the dirty rate is not known: host a is not "
					     "reachable"));
	CU_ASSERT_PTR_NULL(strstr(out[0].reason, "throughput is not known"));
	CU_ASSERT_EQUAL(out[0].in.ram_bytes, 2 * FX_GIB);
	CU_ASSERT_TRUE(out[0].in.throughput_bps > 0);
	CU_ASSERT_EQUAL(out[1].verdict, FORECAST_NONE);
	CU_ASSERT_PTR_NOT_NULL(strstr(out[1].reason, "VM cold1 is shut off"));
	CU_ASSERT_EQUAL(out[2].verdict, FORECAST_NONE);
	CU_ASSERT_STRING_EQUAL(out[2].reason, "VM stays1 stays on host a");

	for (size_t i = 0; i < 3; i++)
		plan_free(&moves[i].plan);
	fx_free(f);
}

static const struct unit_test tests[] = {
	{ "a forecast per move: live unknown, cold none, staying none", test_each_move },
	{ NULL, NULL }
};

int test_evacuate_forecast_register(void);
int test_evacuate_forecast_register(void)
{
	return unit_add_suite("evacuate_forecast", tests);
}
