/* tests/fuzz/fuzz_config.c — libFuzzer harness for the configuration loader
 * (config/, through config_load_buffer()): any bytes, loaded as a file would
 * be.  A load either succeeds with a consistent struct or fails with a
 * one-line message naming "fuzz.ini"; anything else (a crash, a sanitizer
 * report, a leak, a message that breaks the rules) is a finding. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char err[CONFIG_ERR_MAX];
	struct config cfg;

	err[0] = '\0';
	if (config_load_buffer((const char *)data, size, "fuzz.ini", &cfg, err, sizeof(err)) == 0) {
		/* Every host has a name and an address; every cluster member is a host
		 * that names that cluster. */
		for (size_t i = 0; i < cfg.nhosts; i++)
			if (!cfg.hosts[i].name || !cfg.hosts[i].address)
				abort();
		for (size_t c = 0; c < cfg.nclusters; c++)
			for (size_t j = 0; j < cfg.clusters[c].nhosts; j++) {
				const struct config_host *h =
					config_host_find(&cfg, cfg.clusters[c].hosts[j]);
				if (!h || !h->cluster || strcmp(h->cluster, cfg.clusters[c].name))
					abort();
			}
	} else {
		/* One line, starting with the name, no control characters. */
		if (strncmp(err, "fuzz.ini", 8) != 0)
			abort();
		for (const char *c = err; *c; c++)
			if ((unsigned char)*c < ' ' || *c == 0x7f)
				abort();
		if (cfg.hosts || cfg.clusters || cfg.path || cfg.nhosts || cfg.nclusters)
			abort();
	}
	config_free(&cfg);
	return 0;
}
