# Shared by native/build and native/check (sourced, not run): the surface's Maven arguments.
# native_surface_args SURFACE fills the array native_args with the surface's profile and every setting of
# native/native.properties as -Dkey=value.
native_surface_args() {
  native_args=()
  [ "$1" = http ] || native_args+=("-P$1")
  local line
  while IFS= read -r line; do
    case "$line" in ''|'#'*) ;; *) native_args+=("-D$line") ;; esac
  done < native/native.properties
}
