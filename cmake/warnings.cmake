# Every target of ours compiles with the same strict warnings; call this on each.
function(msrt_strict target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
endfunction()
