; Included by electron-builder's NSIS installer (buildResources/installer.nsh).
; A Start menu item for the admin who forgot the password: it starts the app with --reset-admin
; (src-main/shell/resetAdmin.ts), which works only on this PC, the one that holds the register.
; electron-builder has already set the shell context (this user, or all users for a per-machine
; install), so $SMPROGRAMS is the same Start menu as the app's own shortcut.
!macro customInstall
  CreateShortCut "$SMPROGRAMS\ตั้งรหัสผ่านผู้ดูแลระบบใหม่ - ${PRODUCT_NAME}.lnk" "$INSTDIR\${APP_EXECUTABLE_FILENAME}" "--reset-admin" "$INSTDIR\${APP_EXECUTABLE_FILENAME}" 0
!macroend

!macro customUnInstall
  Delete "$SMPROGRAMS\ตั้งรหัสผ่านผู้ดูแลระบบใหม่ - ${PRODUCT_NAME}.lnk"
!macroend
