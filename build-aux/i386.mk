# Rules for the 32-bit (i386) imapi2.dll; included by the top-level Makefile
# when configure found i686-w64-mingw32-gcc (MINGW32_CC).
#
# Copyright 2026 The imapi2-for-Wine authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The DLL is built exactly like the x86_64 one (winegcc, the same SOURCES
# and IMPORTS lists, widl for the registration scripts and the type library)
# with "-b i686-w64-mingw32".  winegcc takes the Windows import libraries
# (kernel32, ntdll, ucrtbase, ole32, ...) from mingw-w64's i686 sysroot, but
# a Wine built only for 64 bits installs no i386 libwinecrt0.a, so the link
# would fail with "cannot find -lwinecrt0".  build-aux/winecrt0/ provides the
# part of it a COM DLL needs (entry point, default DllRegisterServer, the
# WINE_REGISTRY resource registration, the debug channel functions looked up
# in ntdll at run time); it is put first on winegcc's library path.  No
# 32-bit Wine is needed to build.
#
# Needs from the including Makefile: BUILD, WINEGCC, WIDL, WRC, IDLFLAGS,
# PE_TARGET, PE_CFLAGS, MINGW32_CC (for ar), libdir, DESTDIR and imapi2_DIR,
# imapi2_SOURCES, imapi2_IMPORTS (include it after those are set).
#
# Targets: dll-i386 ($(IMAPI2_DLL_I386)), install-i386, uninstall-i386,
# clean-i386.

I386_TARGET     := i686-w64-mingw32
I386_AR         := $(or $(patsubst %gcc,%ar,$(filter %gcc,$(MINGW32_CC))),$(I386_TARGET)-ar)
I386_CFLAGS      = -b $(I386_TARGET) $(filter-out -b $(PE_TARGET),$(PE_CFLAGS))

I386_CRT0_DIR   := build-aux/winecrt0
I386_CRT0_OBJ   := $(BUILD)/i386/winecrt0
I386_CRT0_C     := $(wildcard $(I386_CRT0_DIR)/*.c)
I386_CRT0_OBJS  := $(I386_CRT0_C:$(I386_CRT0_DIR)/%.c=$(I386_CRT0_OBJ)/%.o)
I386_CRT0_LIB   := $(I386_CRT0_OBJ)/libwinecrt0.a

imapi2_I386_OBJ  := $(BUILD)/i386/dlls/imapi2
imapi2_I386_OBJS := $(filter %.c,$(imapi2_SOURCES))
imapi2_I386_OBJS := $(imapi2_I386_OBJS:%.c=$(imapi2_I386_OBJ)/%.o) $(imapi2_I386_OBJ)/imapi2_i.o
imapi2_I386_RES  := $(if $(filter imapi2_classes.idl,$(imapi2_SOURCES)),$(imapi2_I386_OBJ)/imapi2_classes_r.res) \
                    $(if $(filter imapi2_tlb.idl,$(imapi2_SOURCES)),$(imapi2_I386_OBJ)/imapi2_tlb_t.res)
IMAPI2_DLL_I386  := $(imapi2_DIR)/i386/imapi2.dll

$(I386_CRT0_OBJ)/%.o: $(I386_CRT0_DIR)/%.c
	@mkdir -p $(@D)
	$(WINEGCC) $(I386_CFLAGS) -c -o $@ $<

$(I386_CRT0_LIB): $(I386_CRT0_OBJS)
	rm -f $@
	$(I386_AR) rcs $@ $^

# Header dependencies from the compiler, as for x86_64 (see Makefile.in).
$(imapi2_I386_OBJ)/%.o: $(imapi2_DIR)/%.c | $(BUILD)/include/imapi2.h
	@mkdir -p $(@D)
	$(WINEGCC) $(I386_CFLAGS) -MMD -MP -c -o $@ $<

-include $(imapi2_I386_OBJS:.o=.d)

$(imapi2_I386_OBJ)/imapi2_i.o: $(BUILD)/include/imapi2_i.c
	@mkdir -p $(@D)
	$(WINEGCC) $(I386_CFLAGS) -c -o $@ $<

# The type library imports stdole2.tlb, which widl --win32 looks for in Wine's
# i386-windows directory; a 64-bit-only Wine has just the x86_64 copy.  That
# one serves as well (widl only takes names and GUIDs from it), so look for
# both next to widl the way widl itself does.  Override I386_STDOLE2_DIR if
# Wine is installed elsewhere.
I386_WIDL_BIN    := $(realpath $(shell command -v $(firstword $(WIDL))))
I386_WIDL_DIRS   := $(foreach d,. ../lib/wine ../lib64/wine ../*/wine,$(dir $(I386_WIDL_BIN))$d)
I386_STDOLE2_DIR ?= $(patsubst %/stdole2.tlb,%,$(firstword $(wildcard \
                    $(I386_WIDL_DIRS:%=%/i386-windows/stdole2.tlb) $(I386_WIDL_DIRS:%=%/x86_64-windows/stdole2.tlb))))
I386_IDLFLAGS     = $(IDLFLAGS) --win32 $(if $(I386_STDOLE2_DIR),-L $(I386_STDOLE2_DIR))

$(imapi2_I386_OBJ)/imapi2_classes_r.res: $(imapi2_DIR)/imapi2_classes.idl include/imapi2.idl
	@mkdir -p $(@D)
	$(WIDL) $(I386_IDLFLAGS) -r -o $@ $<

# A 32-bit type library (SYS_WIN32, 4-byte pointers) and its registration
# script (win32 key), as for x86_64 (see Makefile.in).
$(imapi2_I386_OBJ)/imapi2_tlb_t.res: $(imapi2_DIR)/imapi2_tlb.idl include/imapi2.idl
	@mkdir -p $(@D)
	$(WIDL) $(I386_IDLFLAGS) -o $@ $<

$(IMAPI2_DLL_I386): $(imapi2_I386_OBJS) $(imapi2_I386_RES) $(imapi2_DIR)/imapi2.spec $(I386_CRT0_LIB)
	@mkdir -p $(@D)
	$(WINEGCC) -b $(I386_TARGET) -mno-cygwin -shared -L$(I386_CRT0_OBJ) -o $@ $(imapi2_DIR)/imapi2.spec \
	    $(imapi2_I386_OBJS) $(imapi2_I386_RES) $(imapi2_IMPORTS:%=-l%)

dll-i386: $(IMAPI2_DLL_I386)

install-i386: dll-i386
	install -d $(DESTDIR)$(libdir)/wine/i386-windows
	install -m 644 $(IMAPI2_DLL_I386) $(DESTDIR)$(libdir)/wine/i386-windows/imapi2.dll
	$(WINEBUILD) --builtin $(DESTDIR)$(libdir)/wine/i386-windows/imapi2.dll

uninstall-i386:
	rm -f $(DESTDIR)$(libdir)/wine/i386-windows/imapi2.dll

clean-i386:
	rm -rf $(BUILD)/i386 $(IMAPI2_DLL_I386)

.PHONY: dll-i386 install-i386 uninstall-i386 clean-i386
