// SPDX-License-Identifier: GPL-2.0-only
/* Read the kernel's lockdown mode: "none [integrity] confidentiality". */
#include <stdio.h>
#include <string.h>

#include "fileio.h"
#include "lockdown.h"

const char *mint_lockdown_mode(const char *sysroot)
{
	char path[4200], buf[128] = "";
	FILE *f;

	sysroot_path(path, sizeof(path), sysroot, MINT_LOCKDOWN_PATH);
	f = fopen(path, "re");
	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	if (strstr(buf, "[integrity]"))
		return "integrity";
	if (strstr(buf, "[confidentiality]"))
		return "confidentiality";
	return NULL;
}
