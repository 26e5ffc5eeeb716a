/* Concurrent first calls: 16 threads released together call 32 not-yet-bound functions. */
#include <pthread.h>
#include <stdio.h>

#define D(n) long f##n(long, long, long, long, long, long, long);
D(0) D(1) D(2) D(3) D(4) D(5) D(6) D(7) D(8) D(9) D(10) D(11) D(12) D(13) D(14) D(15)
D(16) D(17) D(18) D(19) D(20) D(21) D(22) D(23) D(24) D(25) D(26) D(27) D(28) D(29) D(30) D(31)

static long (*const fns[32])(long, long, long, long, long, long, long) = {
	0 /* filled below: taking addresses here would bind eagerly */ };
static pthread_barrier_t bar;
static long results[16];

static void *worker(void *arg)
{
	long id = (long)arg, sum = 0;
	pthread_barrier_wait(&bar);
	/* direct calls through the PLT, in a different order per thread */
	for (int k = 0; k < 32; k++) {
		switch ((k + id) % 32) {
#define C(n) case n: sum += f##n(id, 1, 2, 3, 4, 5, 6); break;
		C(0) C(1) C(2) C(3) C(4) C(5) C(6) C(7) C(8) C(9) C(10) C(11) C(12) C(13) C(14)
		C(15) C(16) C(17) C(18) C(19) C(20) C(21) C(22) C(23) C(24) C(25) C(26) C(27)
		C(28) C(29) C(30) C(31)
		}
	}
	results[id] = sum;
	return NULL;
}

int main(void)
{
	(void)fns;
	pthread_t t[16];
	pthread_barrier_init(&bar, NULL, 16);
	for (long i = 0; i < 16; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	long total = 0;
	for (int i = 0; i < 16; i++) {
		pthread_join(t[i], NULL);
		total += results[i];
	}
	/* each thread: sum n*1e6 (n<32) + 32*(id+21) */
	printf("total %ld expected %ld\n", total, 16L * 496000000 + 32L * (16 * 21 + 120));
	return 0;
}
