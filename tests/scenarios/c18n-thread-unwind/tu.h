// c18n-thread-unwind: pthread_exit and pthread_cancel unwinding through compartments.
#pragma once
extern "C" {
void *ta_exit_start(void *arg);     // libtua: start routine -> tb_exit -> tc_exit -> pthread_exit
void *ta_cancel_start(void *arg);   // libtua: start routine -> tb_block -> tc_block (read on a pipe)
void *ta_testcancel_start(void *arg); // libtua: -> tb_spin (pthread_testcancel loop)
void tb_exit(long code);
void tb_block(int fd);
void tb_spin(volatile int *ready);
void tc_exit(long code);
void tc_block(int fd);
extern int quiet;                   // set by the program for the repeated runs
unsigned long ta_local();
unsigned long tb_local();
}
